import { CliError } from '../run-cli';
import { parseImportOptions } from './import-options';

describe('npm run import options', () => {
  it('reads the file, the flags and the token, with the defaults for the rest', () => {
    expect(parseImportOptions(['people.csv', '--session', 's-1', '--messenger', 'sms', '--text', 'Hi {{name}}', '--duplicate-recipients=skip'], { MISSIVE_TOKEN: 't' })).toEqual({
      file: 'people.csv',
      errorsFile: null,
      apiUrl: 'http://localhost:3000',
      auth: { authorization: 'Bearer t' },
      request: { messenger: 'sms', session_id: 's-1', recipient_column: 'phone', text: 'Hi {{name}}', duplicate_recipients: 'skip' },
    });
  });

  it('sends the sandbox without a session, leaves the messenger to the session with one, and takes an API key', () => {
    const sandbox = parseImportOptions(['a.xlsx', '--template', 'T', '--api-url', 'http://api:8080/', '--recipient-column', 'email', '--errors', '/tmp/e.csv'], { MISSIVE_API_KEY: 'k' });
    expect(sandbox).toMatchObject({ errorsFile: '/tmp/e.csv', apiUrl: 'http://api:8080', auth: { 'x-api-key': 'k' }, request: { messenger: 'sandbox', recipient_column: 'email', template: 'T' } });
    expect(parseImportOptions(['a.csv', '--session', 's', '--text', 'x', '--api-key', 'k2'], {}).request).not.toHaveProperty('messenger');
  });

  it.each([
    [[], /usage/],
    [['a.csv', 'b.csv', '--text', 'x'], /one file at a time/],
    [['a.csv'], /either --text or --template/],
    [['a.csv', '--text', 'x', '--template', 'y'], /either --text or --template/],
    [['a.csv', '--text'], /--text needs a value/],
    [['a.csv', '--text', 'x', '--colour', 'red'], /unknown option --colour/],
    [['a.csv', '--text', 'x'], /no credential.*MISSIVE_TOKEN/],
  ])('refuses %j with a line that says what to do', (args, message) => {
    const parsing = () => parseImportOptions(args, {});
    expect(parsing).toThrow(CliError);
    expect(parsing).toThrow(message);
  });
});
