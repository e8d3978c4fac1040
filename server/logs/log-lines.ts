/** Reading build logs as a person does: plain text, and which lines report an error. Pure, shared by
 * the build page's log viewer and the failure banner. */

/** CSI escapes (colours, cursor moves): what is left is the text a reader sees. */
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
/** Red foreground (31, 91, or 1;31), which tools use for errors. */
const RED = /\u001b\[(?:[0-9;]*;)?(?:31|91)(?:;[0-9;]*)?m/;
/** Words tools print when something broke. "0 errors" or "fail 0" are not errors, so whole words only. */
const ERROR_WORDS = /(\berror\b|\bERR!|\bfailed\b|\bfailure\b|\bexception\b|\bnot ok\b|✖|✕|\bfatal\b|\bpanic\b)/i;

/** JavaScript's error classes: AssertionError, TypeError… */
const JS_ERROR = /\b[A-Z]\w*Error\b/;

export function plainText(line: string): string {
  return line.replace(ANSI, "").replace(/\r$/, "");
}

/** A line worth highlighting as an error: printed in red, or naming an error or failure. */
export function isErrorLine(line: string): boolean {
  const text = plainText(line);
  return RED.test(line) || ERROR_WORDS.test(text) || JS_ERROR.test(text);
}
