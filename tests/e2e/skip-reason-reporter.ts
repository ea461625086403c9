import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/** Prints why a test was skipped (the list reporter shows only that it was), e.g. "no Electron executable". */
export default class SkipReasonReporter implements Reporter {
  private readonly reasons = new Map<string, string>();

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const reason = test.annotations.find((annotation) => annotation.type === 'skip')?.description ?? 'no reason given';
    this.reasons.set(test.titlePath().slice(1).join(' › '), reason);
  }

  onEnd(): void {
    for (const [title, reason] of this.reasons) console.log(`skipped: ${title} — ${reason}`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
