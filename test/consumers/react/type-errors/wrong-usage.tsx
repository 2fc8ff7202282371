// Mistakes a vendor's type checker must catch with the package's JSX types. The consumer check expects, for
// each `// expect TS<code> <text>` line, that error on the line below it (its message naming <text>), and
// no other error in this file.
import 'tpe-elements/define/tpe-consent.js';
import 'tpe-elements/define/tpe-call-agent.js';

export function WrongValue() {
  return (
    <tpe-consent
      // expect TS2322 "sales"
      persona="sales"
    />
  );
}

export function MisspelledProp() {
  return (
    <tpe-consent
      // expect TS2322 proxyURL
      proxyURL="https://proxy.example"
    />
  );
}

export function WrongDetail() {
  return (
    <tpe-call-agent
      // expect TS2339 callerPhone
      ontpe-incoming-call={(event) => (document.title = event.detail.callerPhone)}
    />
  );
}
