/**
 * A start-up that cannot go on, with the one line an operator needs (what, which variable,
 * which address). main.ts logs the message alone, without a stack, and exits with `exitCode`.
 */
export class StartupFailure extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'StartupFailure';
  }
}
