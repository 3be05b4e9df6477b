/** The HTML error page (used by the error handler for page requests). */
import type { Auth } from '../../services/auth.ts';
import { html, type SafeHtml } from '../html.ts';
import { layout } from '../layout.ts';

const TITLES: Record<number, string> = {
  400: 'Something in the request is not right', 401: 'Please sign in', 403: 'Not allowed', 404: 'Page not found',
  409: 'Conflict', 410: 'No longer available', 413: 'Too large', 429: 'Slow down', 500: 'Something went wrong',
};

/** Renders an error page with the status, a plain-language message and the error code. */
export function renderErrorPage(input: { status: number; code: string; message: string; auth?: Auth; csrfToken?: string }): SafeHtml {
  const title = TITLES[input.status] ?? (input.status >= 500 ? 'Something went wrong' : 'That did not work');
  return layout({
    title, auth: input.auth, csrfToken: input.csrfToken, noindex: true,
    body: html`<section class="card narrow error-page">
<h1>${title}</h1>
<p>${input.message}</p>
<p class="muted small">Error ${input.status} · <code>${input.code}</code></p>
<p><a href="/">Go to the home page</a></p>
</section>`,
  });
}
