// What the check found: each assertion passed or failed (with what a vendor would see), the figures worth
// printing, notes, and how long each stage took. Printed once at the end.
export interface Outcome {
  name: string;
  ok: boolean;
  /** For a failure: what went wrong, in a sentence or two, with the evidence. */
  detail?: string;
}

export class Ledger {
  readonly outcomes: Outcome[] = [];
  readonly facts: string[] = [];
  readonly notes: string[] = [];
  readonly stages: Array<{ name: string; ms: number }> = [];

  pass(name: string): void {
    this.outcomes.push({ name, ok: true });
  }

  fail(name: string, detail: string): void {
    this.outcomes.push({ name, ok: false, detail });
  }

  /** Passes when `problem` is undefined, fails with it otherwise. */
  expect(name: string, problem: string | undefined): boolean {
    if (problem === undefined) this.pass(name);
    else this.fail(name, problem);
    return problem === undefined;
  }

  fact(text: string): void {
    this.facts.push(text);
  }

  note(text: string): void {
    this.notes.push(text);
  }

  /** Runs a stage, times it, and turns anything it throws into a failure of that stage. */
  async stage<T>(name: string, work: () => Promise<T>): Promise<T | undefined> {
    const started = performance.now();
    process.stderr.write(`consumer apps: ${name}…\n`);
    try {
      return await work();
    } catch (error) {
      this.fail(name, error instanceof Error ? error.message : String(error));
      return undefined;
    } finally {
      this.stages.push({ name, ms: performance.now() - started });
    }
  }

  get failed(): Outcome[] {
    return this.outcomes.filter((o) => !o.ok);
  }
}
