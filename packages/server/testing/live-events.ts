// The events of a live stream (GET /api/v1/live/E/P) as a dashboard reads them.

/** A reader of the stream's `data:` events: the next one, or undefined once the stream ended. */
export function liveEvents(response: Response): () => Promise<string | undefined> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return async () => {
    for (;;) {
      const match = /^data: (.*)\n\n/m.exec(buffer);
      if (match) {
        buffer = buffer.slice(match.index + match[0].length);
        return match[1];
      }
      const { value, done } = await reader.read();
      if (done) return undefined;
      buffer += value;
    }
  };
}
