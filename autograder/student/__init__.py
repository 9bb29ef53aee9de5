"""The student's side: the self-check table and the submission zip."""
