// JSON text as the Python client writes it: `NaN`, `Infinity` and `-Infinity` may stand where a
// number does (Python's json.dumps default, and wandb-core's writer). Parsed into JS numbers and
// written back as the same tokens, so a non-finite value a run logs survives storage and reads back
// in every client as what it sent (Python's json and wandb-core's parser both accept the tokens).

const TOKENS: Record<string, number> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY };
// A string no client sends stands in for a non-finite number while the standard parser and writer run.
const MARK = '\u0001sextant-nonfinite:';

/** Parses JSON that may hold the tokens NaN, Infinity and -Infinity; throws SyntaxError like JSON.parse. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!/NaN|Infinity/.test(text)) throw error;
  }
  return JSON.parse(markTokens(text), (_key, value: unknown) => (typeof value === 'string' && value.startsWith(MARK) ? TOKENS[value.slice(MARK.length)] : value));
}

/** JSON.stringify, except that non-finite numbers are written as NaN, Infinity and -Infinity instead of null. */
export function stringifyJson(value: unknown): string {
  let marked = false;
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== 'number' || Number.isFinite(v)) return v;
    marked = true;
    return `${MARK}${Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity'}`;
  });
  if (!marked) return text;
  const quoted = JSON.stringify(MARK).slice(0, -1);
  return text.replace(new RegExp(`${escapeRegExp(quoted)}(NaN|Infinity|-Infinity)"`, 'g'), '$1');
}

/**
 * Standard JSON for answers read by strict parsers (wandb-core's Go, browsers): a non-finite number
 * becomes the string "NaN", "Infinity" or "-Infinity", the form W&B's own sweep code expects in
 * sampled history. JSON-string fields (history rows, summaryMetrics) keep the tokens.
 */
export function stringifyStandard(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
}

/** The tokens outside string literals replaced by marked strings. */
function markTokens(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const token = ['-Infinity', 'Infinity', 'NaN'].find((t) => text.startsWith(t, i));
    if (token) {
      out += JSON.stringify(MARK + token);
      i += token.length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
