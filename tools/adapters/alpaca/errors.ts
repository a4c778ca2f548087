import { errors } from "@alpacahq/alpaca-trade-api";
import { AlphadeskError } from "../../errors.ts";

/** The SDK's errors (after its own retries) as ours, saying what the user can do about them. */
export function alpacaError(error: unknown): AlphadeskError {
  if (error instanceof AlphadeskError) return error;
  if (error instanceof errors.AuthError || error instanceof errors.PermissionError) {
    return new AlphadeskError(
      "provider_auth",
      "Alpaca refused the API key: check APCA_API_KEY_ID and APCA_API_SECRET_KEY (and that your plan includes this data feed)",
      "user",
    );
  }
  if (error instanceof errors.RateLimitError) {
    return new AlphadeskError(
      "provider_unavailable",
      "Alpaca's rate limit is exhausted even after backing off; try again in a minute",
      "retryable",
    );
  }
  if (error instanceof errors.ApiError) {
    return error.status >= 500
      ? new AlphadeskError(
          "provider_unavailable",
          `Alpaca is not answering (HTTP ${error.status} after retries); try again later`,
          "retryable",
        )
      : new AlphadeskError(
          "provider_error",
          `Alpaca answered HTTP ${error.status}: ${error.message.slice(0, 300)}`,
          "user",
        );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new AlphadeskError(
    "provider_unavailable",
    `Alpaca is not answering (${message.slice(0, 200)}); try again later`,
    "retryable",
  );
}
