import { z } from "zod";

/** A UUID as the store makes them. */
export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A stored record's id, refused with where to find one: "a stored portfolio's id: ...". */
export const storedIdInput = (record: string, givenBy: string) =>
  z.string().regex(uuidPattern, `a stored ${record}'s id: a UUID (${givenBy} give it)`);
