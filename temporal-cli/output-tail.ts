/** Keeps the last `maxLines` lines of a child's output, to explain why it died without flooding the console. */
export class OutputTail {
  private lines: string[] = [];
  private partial = '';

  constructor(private readonly maxLines = 40) {}

  push(chunk: Buffer | string): void {
    const text = this.partial + chunk.toString();
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts);
    if (this.lines.length > this.maxLines) this.lines.splice(0, this.lines.length - this.maxLines);
  }

  toString(): string {
    return [...this.lines, this.partial].filter((line) => line.length > 0).join('\n');
  }
}
