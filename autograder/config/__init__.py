"""What the course decides: paths, course.yml, the message catalogue, the datasets' manifest."""
