/**
 * Prints the Node version the suite runs on before the first test (so CI's log shows it), and
 * one plain closing line, "N passed, N failed[, N skipped]", after Jest's own summary, so CI
 * logs state the outcome in a runner-independent form.
 */
class SummaryReporter {
  onRunStart() {
    process.stdout.write(`tests run on node ${process.version}\n`);
  }

  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `${results.numPassedTests} passed, ${results.numFailedTests} failed`;
    process.stdout.write(`\n${skipped > 0 ? `${line}, ${skipped} skipped` : line}\n`);
  }
}

module.exports = SummaryReporter;
