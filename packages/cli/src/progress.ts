/** A counting progress bar on stderr, drawn only when stderr is a terminal (never when piped). */
export function countBar(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): { update(done: number): void; done(): void } {
  if (!stream.isTTY || total <= 0) return { update() {}, done() {} };
  let last = 0;
  let current = 0;
  const draw = () => {
    const frac = Math.min(1, current / total);
    const filled = Math.round(frac * 30);
    stream.write(`\r${label} [${"#".repeat(filled)}${" ".repeat(30 - filled)}] ${current}/${total} `);
  };
  return {
    update(n) {
      current = n;
      const now = Date.now();
      if (now - last >= 100 || n >= total) {
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
