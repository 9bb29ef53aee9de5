"""Train StockLSTM on GOOG's daily prices and compare it with the persistence baseline.

    python train.py                      # CPU, under a minute; writes checkpoint.pt and prediction.png
    python train.py --device cuda --seed 1

The persistence baseline predicts that tomorrow's Close is today's Close. On daily stock
prices it is hard to beat: report both numbers, in dollars, side by side.
"""
import argparse
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn

from stock import SEQ_LEN, StockLSTM, load_stock_csv, prepare_data, save_checkpoint

HERE = Path(__file__).resolve().parent
DEFAULT_CSV = HERE.parent.parent / "datasets" / "data-02-stock_daily.csv"


def train_model(model, X_train, y_train, iterations=500, learning_rate=0.01, device="cpu", verbose=False):
    """
    Fit the model to the training windows with Adam on the mean squared error, full batch.

    Inputs:
    - model: A StockLSTM.
    - X_train: A numpy array of shape (N, seq_len, F) of scaled windows.
    - y_train: A numpy array of shape (N, 1) of scaled next-day Close.
    - iterations: The number of Adam steps.
    - learning_rate: Adam's learning rate.
    - device: "cpu" or "cuda".

    Returns:
    - loss_history: A list of the training loss at every step.
    """
    model.to(device).train()
    X = torch.as_tensor(X_train, dtype=torch.float32, device=device)
    y = torch.as_tensor(y_train, dtype=torch.float32, device=device)
    optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)
    loss_fn = nn.MSELoss()
    loss_history = []
    for it in range(iterations):
        # TODO:
        #   One full-batch step, in this order: clear the optimizer's gradients; predict
        #   model(X); loss = loss_fn(prediction, y) (MSE), kept in the variable loss;
        #   backpropagate the loss; take the optimizer's step.
        # 할 일:
        #   전체 배치로 한 단계를 이 순서로 진행하세요: 옵티마이저(optimizer)의 그래디언트를 지우고,
        #   model(X)로 예측하고, loss = loss_fn(예측, y) (MSE)를 변수 loss에 두고, 손실을 역전파하고,
        #   옵티마이저의 step을 실행합니다.
        # YOUR CODE HERE
        raise NotImplementedError()
        loss_history.append(float(loss.item()))
        if verbose and (it % 100 == 0 or it == iterations - 1):
            print(f"step {it:4d} / {iterations}: loss {loss_history[-1]:.6f}")
    return loss_history


def predict(model, X, device="cpu"):
    """The model's outputs for windows X of shape (N, seq_len, F), as a numpy array (N, 1)."""
    model.to(device).eval()
    with torch.no_grad():
        out = model(torch.as_tensor(X, dtype=torch.float32, device=device))
    return out.cpu().numpy().astype(np.float64)


def rmse(predicted, actual):
    """Root mean squared error of two arrays of the same shape."""
    return float(np.sqrt(np.mean((np.asarray(predicted) - np.asarray(actual)) ** 2)))


def evaluate(model, X_test, y_test, scaler, device="cpu"):
    """
    Test-split predictions in dollars beside the persistence baseline.

    Returns a dict with the arrays `actual`, `predicted`, `persistence` (each (N,), dollars)
    and the numbers `rmse` and `persistence_rmse` (dollars).
    """
    actual = scaler.inverse_column(y_test[:, 0])
    predicted = scaler.inverse_column(predict(model, X_test, device)[:, 0])
    persistence = scaler.inverse_column(X_test[:, -1, -1])     # tomorrow's Close = today's Close
    return {"actual": actual, "predicted": predicted, "persistence": persistence,
            "rmse": rmse(predicted, actual), "persistence_rmse": rmse(persistence, actual)}


PLOT_TEXTS = {"title": "GOOG close, test split", "actual": "actual close", "baseline": "persistence",
              "day": "test day", "close": "close (USD)"}


def plot_predictions(result, path, texts=None):
    """Save predicted against actual closes (and the persistence baseline) as a PNG; `texts`
    overrides the title, legend and axis labels of PLOT_TEXTS (the Korean notebook passes its own)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    texts = {**PLOT_TEXTS, **(texts or {})}
    fig, ax = plt.subplots(figsize=(10, 5))
    ax.plot(result["actual"], label=texts["actual"], color="black", linewidth=1.5)
    ax.plot(result["predicted"], label=f"LSTM (RMSE ${result['rmse']:.2f})", color="tab:blue")
    ax.plot(result["persistence"], label=f"{texts['baseline']} (RMSE ${result['persistence_rmse']:.2f})",
            color="tab:orange", linestyle="--", linewidth=1)
    ax.set_xlabel(texts["day"])
    ax.set_ylabel(texts["close"])
    ax.set_title(texts["title"])
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--csv", default=str(DEFAULT_CSV), help="the stock CSV (newest day first)")
    parser.add_argument("--seq-len", type=int, default=SEQ_LEN)
    parser.add_argument("--hidden-dim", type=int, default=16)
    parser.add_argument("--num-layers", type=int, default=1)
    parser.add_argument("--iterations", type=int, default=500)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="checkpoint.pt", help="where to save the trained model")
    parser.add_argument("--plot", default="prediction.png", help="where to save the prediction plot")
    args = parser.parse_args(argv)

    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    data = load_stock_csv(args.csv)
    X_train, y_train, X_test, y_test, scaler = prepare_data(data, args.seq_len)
    print(f"{len(data)} days; train windows {X_train.shape}, test windows {X_test.shape}")

    model = StockLSTM(data.shape[1], args.hidden_dim, args.num_layers)
    start = time.perf_counter()
    history = train_model(model, X_train, y_train, args.iterations, args.lr, args.device, verbose=True)
    print(f"trained in {time.perf_counter() - start:.1f} s on {args.device}; final loss {history[-1]:.6f}")

    result = evaluate(model, X_test, y_test, scaler, args.device)
    print(f"test RMSE: LSTM ${result['rmse']:.2f}, persistence ${result['persistence_rmse']:.2f} "
          f"(ratio persistence / LSTM = {result['persistence_rmse'] / result['rmse']:.3f})")
    save_checkpoint(model.cpu(), args.out, args.seq_len)
    plot_predictions(result, args.plot)
    print(f"saved {args.out} and {args.plot}")
    return result


if __name__ == "__main__":
    main()
