// The query syntax of docs/search.md at hand, with an example of each form.

const SYNTAX: readonly [example: string, meaning: string][] = [
  ["hostname:bastion1", "the field holds exactly that value"],
  ['summary:"failed password"', "a phrase: the words next to each other"],
  ["a AND b, a OR b, NOT a, &&, ||, !", "boolean logic; AND binds tighter than OR"],
  ["a b", "a OR b (the default operator)"],
  ["+a -b", "a required, b excluded"],
  ["(a OR b) AND c, hostname:(web1 OR web2)", "grouping, on one field too"],
  ["processname:ssh*, hostname:web?", "wildcards over the whole value"],
  ["details.username:/adm.n/", "a regular expression over the whole value"],
  ["details.bytes:[1000 TO 5000], {…}, [* TO 10]", "ranges, inclusive [ ] or exclusive { }"],
  ["details.bytes:>=1000, utctimestamp:<now-1h", "one-sided ranges"],
  ["_exists_:details.sourceipaddress, details.x:*", "the field is present"],
  ["details.sourceipaddress:10.0.0.0/8", "the address is in that network (IPv4 or IPv6; \\/ makes it a plain value)"],
  ["details.path:C\\:\\\\Windows", "a backslash escapes any character"],
];

export function SyntaxHelp() {
  return (
    <details className="syntax-help">
      <summary>Query syntax</summary>
      <table className="grid">
        <caption className="visually-hidden">Query syntax, with examples</caption>
        <thead>
          <tr>
            <th scope="col">You write</th>
            <th scope="col">It means</th>
          </tr>
        </thead>
        <tbody>
          {SYNTAX.map(([example, meaning]) => (
            <tr key={example}>
              <td>
                <code>{example}</code>
              </td>
              <td>{meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">
        A value without a field searches summary (by word) and hostname, category, source, processname and tags
        (exactly); name the path under details (details.username:alice). Keyword fields and details values match
        case-sensitively. Fuzzy ~ and boost ^ are not supported.
      </p>
    </details>
  );
}
