// The first history lines of a file_stream body, read from its text before the whole is parsed, so
// that the store starts writing them while the rest is parsed and checked (about half a ms of 2,000
// lines). Only the shape the clients send is read: {"files": {…, "wandb-history.jsonl": {"offset": N,
// "content": ["…", …]}, …}, …}, other keys skipped unread. Nothing here is trusted: the whole body is
// parsed after, and what was read here must be what the parse finds.

const HISTORY = 'wandb-history.jsonl';

export interface HistoryStart {
  offset: number;
  /** The content's next lines, up to `count`: fewer at its end, or where the text is not read so. */
  next(count: number): string[];
}

/** Not the shape looked for: the body is then parsed as a whole first. */
const UNREAD = Symbol('unread');

/** The body's history: its offset, and its lines read on demand; undefined when the body is not read so. */
export function historyStart(text: string): HistoryStart | undefined {
  try {
    return new Reader(text).body();
  } catch (error) {
    if (error === UNREAD) return undefined;
    throw error;
  }
}

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const SPACE = /[ \t\n\r]*/y;
/** What a skipped scalar (number, true, false, null) is made of. */
const SCALAR = /[^,}\]\s]*/y;
/** The characters a skipped object or array is walked by. */
const STRUCTURE = /["{}[\]]/g;

class Reader {
  #text: string;
  #at = 0;

  constructor(text: string) {
    this.#text = text;
  }

  body(): HistoryStart | undefined {
    return this.#object((key) => (key === 'files' ? this.#object((name) => (name === HISTORY ? this.#history() : undefined)) : undefined));
  }

  /** An object's members in order: `member` reads a value and returns a result, or undefined to have the value skipped. */
  #object<T>(member: (key: string) => T | undefined): T | undefined {
    this.#expect('{');
    if (this.#take('}')) return undefined;
    do {
      const key = this.#string();
      this.#expect(':');
      const start = this.#at;
      const found = member(key);
      if (found !== undefined) return found;
      if (this.#at === start) this.#skip();
    } while (this.#take(','));
    this.#expect('}');
    return undefined;
  }

  #history(): HistoryStart {
    this.#expect('{');
    if (this.#string() !== 'offset') throw UNREAD;
    this.#expect(':');
    const offset = this.#number();
    if (!Number.isSafeInteger(offset) || offset < 0) throw UNREAD;
    this.#expect(',');
    if (this.#string() !== 'content') throw UNREAD;
    this.#expect(':');
    this.#expect('[');
    let ended = this.#take(']');
    let first = true;
    const next = (count: number): string[] => {
      const lines: string[] = [];
      try {
        while (!ended && lines.length < count) {
          if (!first && !this.#take(',')) ended = true;
          else lines.push(this.#string());
          first = false;
        }
      } catch (error) {
        if (error !== UNREAD) throw error;
        ended = true;
      }
      return lines;
    };
    return { offset, next };
  }

  #space(): void {
    SPACE.lastIndex = this.#at;
    SPACE.test(this.#text);
    this.#at = SPACE.lastIndex;
  }

  #take(char: string): boolean {
    this.#space();
    if (this.#text[this.#at] !== char) return false;
    this.#at++;
    return true;
  }

  #expect(char: string): void {
    if (!this.#take(char)) throw UNREAD;
  }

  #number(): number {
    this.#space();
    NUMBER.lastIndex = this.#at;
    const match = NUMBER.exec(this.#text);
    if (!match) throw UNREAD;
    this.#at = NUMBER.lastIndex;
    return Number(match[0]);
  }

  /** Where the string starting at `start` (its opening quote) ends, past its closing quote. */
  #stringEnd(start: number): number {
    for (let quote = this.#text.indexOf('"', start + 1); quote !== -1; quote = this.#text.indexOf('"', quote + 1)) {
      let backslashes = 0;
      while (this.#text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
      if (backslashes % 2 === 0) return quote + 1;
    }
    throw UNREAD;
  }

  #string(): string {
    this.#space();
    if (this.#text[this.#at] !== '"') throw UNREAD;
    const start = this.#at;
    this.#at = this.#stringEnd(start);
    const raw = this.#text.slice(start, this.#at);
    if (!raw.includes('\\')) return raw.slice(1, -1);
    try {
      return JSON.parse(raw) as string;
    } catch {
      throw UNREAD;
    }
  }

  /** Past the value here, unchecked. */
  #skip(): void {
    this.#space();
    const first = this.#text[this.#at];
    if (first === '"') {
      this.#at = this.#stringEnd(this.#at);
    } else if (first === '{' || first === '[') {
      let depth = 0;
      STRUCTURE.lastIndex = this.#at;
      for (let match = STRUCTURE.exec(this.#text); match; match = STRUCTURE.exec(this.#text)) {
        if (match[0] === '"') STRUCTURE.lastIndex = this.#stringEnd(match.index);
        else if (match[0] === '{' || match[0] === '[') depth++;
        else if (--depth === 0) {
          this.#at = STRUCTURE.lastIndex;
          return;
        }
      }
      throw UNREAD;
    } else {
      SCALAR.lastIndex = this.#at;
      SCALAR.test(this.#text);
      if (SCALAR.lastIndex === this.#at) throw UNREAD;
      this.#at = SCALAR.lastIndex;
    }
  }
}
