/** Input the program refuses (a file, a row, an option, the environment): exit 2, and the message says what to fix. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}
