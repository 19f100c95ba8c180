/** A progress bar on stderr, drawn only when stderr is a terminal (never when piped). */
export interface Progress {
  add(bytes: number): void;
  done(): void;
}

/** A bar over `total` bytes; a no-op unless stderr is a TTY. */
export function progressBar(total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY || total <= 0) return { add() {}, done() {} };
  const t0 = Date.now();
  let seen = 0;
  let last = 0;
  const draw = () => {
    const frac = Math.min(1, seen / total);
    const width = 30;
    const filled = Math.round(frac * width);
    const secs = Math.max(0.001, (Date.now() - t0) / 1000);
    stream.write(`\r[${"#".repeat(filled)}${" ".repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}%  ${(seen / 1e6 / secs).toFixed(1)} MB/s `);
  };
  return {
    add(bytes) {
      seen += bytes;
      const now = Date.now();
      if (now - last >= 100) {
        last = now;
        draw();
      }
    },
    done() {
      draw();
      stream.write("\n");
    },
  };
}
