/** @jsxImportSource hono/jsx */
/** Sign-in with a one-time code: the identity form, then the code form. */
import type { FC } from "hono/jsx";
import { Csrf, Layout, type PageBase } from "./layout.js";

/** Step 1: the mobile number or e-mail address. */
export const SignInPage: FC<{ p: PageBase; csrf: string }> = ({ p, csrf }) => {
  const { m } = p;
  return (
    <Layout p={p} title={m.signIn.heading} signedIn={false}>
      <p>{m.signIn.explain}</p>
      <form method="post" action={`${p.base}/sign-in`}>
        <Csrf token={csrf} />
        <label for="identity">{m.signIn.identity}</label>
        <p class="hint" id="identity-hint">
          {m.signIn.identityHint}
        </p>
        <input id="identity" name="identity" type="text" autocomplete="username" required aria-describedby="identity-hint" maxlength={254} />
        <p>
          <button type="submit">{m.signIn.send}</button>
        </p>
      </form>
    </Layout>
  );
};

/** Step 2: the 6-digit code. */
export const CodePage: FC<{ p: PageBase; csrf: string }> = ({ p, csrf }) => {
  const { m } = p;
  return (
    <Layout p={p} title={m.signIn.codeHeading} signedIn={false}>
      <p>{m.signIn.codeSent}</p>
      <form method="post" action={`${p.base}/sign-in/code`}>
        <Csrf token={csrf} />
        <label for="code">{m.signIn.code}</label>
        <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength={6} required />
        <p>
          <button type="submit">{m.signIn.verify}</button>
        </p>
      </form>
      <p>
        <a href={`${p.base}/sign-in`}>{m.signIn.restart}</a>
      </p>
    </Layout>
  );
};
