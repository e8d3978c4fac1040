import { createCaller } from "./root";
import { createContext } from "./context";

/** The same procedures, permission checks included, called from server components. */
export async function getCaller() {
  return createCaller(await createContext());
}
