export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

const SAMPLE_LINES = 20;

/**
 * The delimiter of a CSV text from its first lines: among `, ; \t |`, the one found the same number of times
 * (outside quotes) on the most lines, the larger count winning a tie; a comma when none is found (one column).
 */
export function sniffDelimiter(sample: string): Delimiter {
  const lines = recordsOf(sample).slice(0, SAMPLE_LINES);
  let best: { delimiter: Delimiter; lines: number; count: number } = { delimiter: ',', lines: 0, count: 0 };
  for (const delimiter of DELIMITERS) {
    const counts = lines.map((line) => countOutsideQuotes(line, delimiter));
    const frequency = new Map<number, number>();
    for (const count of counts) if (count > 0) frequency.set(count, (frequency.get(count) ?? 0) + 1);
    for (const [count, many] of frequency) {
      if (many > best.lines || (many === best.lines && count > best.count)) best = { delimiter, lines: many, count };
    }
  }
  return best.delimiter;
}

/** Whole records of the sample (a quoted newline does not end one); the last, maybe cut short, is left out when there are others. */
function recordsOf(sample: string): string[] {
  const records: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < sample.length; i += 1) {
    const char = sample[i];
    if (char === '"') quoted = !quoted;
    else if (char === '\n' && !quoted) {
      records.push(sample.slice(start, i));
      start = i + 1;
    }
  }
  if (records.length === 0) records.push(sample);
  return records.filter((record) => record.trim().length > 0);
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let quoted = false;
  let count = 0;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === delimiter && !quoted) count += 1;
  }
  return count;
}
