const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** A message text with `{{column}}` variables, filled in from one row. */
export class MessageTemplate {
  /** The variables it uses, each once, in order of first use. */
  readonly variables: readonly string[];

  constructor(
    readonly source: string,
    private readonly html: boolean,
  ) {
    this.variables = [...new Set([...source.matchAll(VARIABLE)].map(([, name]) => name))];
  }

  /** The text for these values (HTML-escaped for an HTML body), or the first variable the row leaves blank. */
  render(values: Readonly<Record<string, string>>): { text: string } | { missing: string } {
    const missing = this.variables.find((name) => (values[name] ?? '').trim() === '');
    if (missing !== undefined) return { missing };
    const text = this.source.replace(VARIABLE, (_match, name: string) => (this.html ? values[name].replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]) : values[name]));
    return { text };
  }
}
