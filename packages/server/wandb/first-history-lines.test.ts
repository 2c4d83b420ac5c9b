import { test } from 'node:test';
import assert from 'node:assert/strict';
import { historyStart } from './first-history-lines.ts';

/** The history's offset and its first lines, `count` at most, read part by part. */
function firstHistoryLines(text: string, count: number, part = 7): { offset: number; content: string[] } | undefined {
  const start = historyStart(text);
  if (!start) return undefined;
  const content: string[] = [];
  for (let more = start.next(part); more.length > 0 && content.length < count; more = start.next(Math.min(part, count - content.length))) content.push(...more);
  return { offset: start.offset, content };
}

const line = (step: number) => JSON.stringify({ _step: step, text: `a "quoted" {[brace]} \\ ${step}`, ü: '😀' });

test('the first history lines of a body as wandb-core writes it (files sorted by name, other keys around), escapes decoded', () => {
  const body = JSON.stringify({
    files: {
      'output.log': { offset: 3, content: ['tricky "}]" line\\', '{"not": "history"}'] },
      'wandb-events.jsonl': { offset: 1, content: [JSON.stringify({ nested: [{ a: '"]}' }] })] },
      'wandb-history.jsonl': { offset: 40, content: Array.from({ length: 80 }, (_, i) => line(40 + i)) },
      'wandb-summary.json': { offset: 0, content: [line(119)] },
    },
    complete: false, exitcode: null, dropped: 0, uploaded: ['a.txt'],
  });
  assert.deepEqual(firstHistoryLines(body, 50), { offset: 40, content: Array.from({ length: 50 }, (_, i) => line(40 + i)) });
  assert.deepEqual(firstHistoryLines(body, 500)?.content.length, 80, 'all of them when fewer than asked for');
});

test('keys before files, spaces as Python writes them, an empty content, a history before the other files', () => {
  const spaced = (value: unknown) => JSON.stringify(value, null, 1);
  assert.deepEqual(firstHistoryLines(spaced({ dropped: 2, preempting: true, x: [1, { y: null }], files: { 'wandb-history.jsonl': { offset: 0, content: [line(0), line(1)] } } }), 50), { offset: 0, content: [line(0), line(1)] });
  assert.deepEqual(firstHistoryLines('{"files": {"wandb-history.jsonl": {"offset": 7, "content": []}}}', 50), { offset: 7, content: [] });
  assert.deepEqual(firstHistoryLines(`{"files":{"wandb-history.jsonl":{"offset":0,"content":["{}"]},"output.log":{"offset":0,"content":["x"]}}}`, 50), { offset: 0, content: ['{}'] });
});

test('anything else is left to the whole parse: no history, content before offset, offsets that are no line index, text that is not JSON', () => {
  for (const body of [
    '', '[]', 'null', '{}', '{"files": {}}', '{"complete": true, "exitcode": 0}',
    '{"files": {"output.log": {"offset": 0, "content": ["x"]}}}',
    '{"files": {"wandb-history.jsonl": {"content": ["{}"], "offset": 0}}}',
    '{"files": {"wandb-history.jsonl": {"offset": -1, "content": ["{}"]}}}',
    '{"files": {"wandb-history.jsonl": {"offset": 1.5, "content": ["{}"]}}}',
    '{"files": {"wandb-history.jsonl": {"offset": 1e300, "content": ["{}"]}}}',
    '{"files": {"wandb-history.jsonl": {"offset": "0", "content": ["{}"]}}}',
    '{"files": {"output.log": {"offset": 0, "content": ["unterminated]}}, "wandb-history.jsonl": {"offset": 0, "content": ["{}"]}}}',
    '{"files" {"wandb-history.jsonl": {"offset": 0, "content": ["{}"]}}}',
  ]) assert.equal(firstHistoryLines(body, 50), undefined, body);
});

test('the lines stop where the content ends or is not read so', () => {
  for (const [content, lines] of [
    ['["a", "b"', ['a', 'b']], ['["a", "b", {}]', ['a', 'b']], ['["a" "b"]', ['a']], ['["a", "b]}}', ['a']],
    ['["bad \\x escape"]', []], ['[1]', []], ['[]', []], ['[', []],
  ] as const) assert.deepEqual(firstHistoryLines(`{"files": {"wandb-history.jsonl": {"offset": 3, "content": ${content}`, 50), { offset: 3, content: lines }, content);
});
