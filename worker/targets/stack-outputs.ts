const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/**
 * The "Stack Outputs" section of `serverless info --verbose` (v3) as a record:
 *
 *   Stack Outputs:
 *     ServiceEndpoint: https://abc.execute-api.us-east-1.amazonaws.com/dev
 *
 * Indented `Key: value` lines after the heading, up to the first line that is not indented.
 */
export function parseStackOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let inside = false;
  for (const raw of text.replace(ANSI, "").split(/\r?\n/)) {
    if (/^\s*Stack Outputs:?\s*$/i.test(raw)) {
      inside = true;
      continue;
    }
    if (!inside) continue;
    if (!raw.trim()) continue;
    const m = /^\s+([A-Za-z][A-Za-z0-9]*):\s*(.*)$/.exec(raw);
    if (!m) {
      inside = false;
      continue;
    }
    out[m[1]!] = m[2]!.trim();
  }
  return out;
}
