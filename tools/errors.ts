/** What the caller should do next about an error. */
export const NextStep = { retryable: "retryable", user: "user", fatal: "fatal" } as const;
export type NextStep = keyof typeof NextStep;

export interface IssueDetail {
  path: (string | number)[];
  message: string;
}

/** The one error family tools raise; `code` is stable and machine-readable. */
export class AlphadeskError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly nextStep: NextStep,
    readonly issues?: IssueDetail[],
  ) {
    super(message);
    this.name = "AlphadeskError";
  }

  toJSON(): {
    error: { code: string; message: string; nextStep: NextStep; issues?: IssueDetail[] };
  } {
    return {
      error: {
        code: this.code,
        message: this.message,
        nextStep: this.nextStep,
        ...(this.issues ? { issues: this.issues } : {}),
      },
    };
  }
}

export const invalidInput = (message: string, issues: IssueDetail[] = []) =>
  new AlphadeskError("invalid_input", message, "user", issues);

export const notFound = (message: string) => new AlphadeskError("not_found", message, "user");

export const invalidData = (message: string) => new AlphadeskError("invalid_data", message, "user");
