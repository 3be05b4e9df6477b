/**
 * The page shell: skip link, header with role-aware navigation, main landmark, flash message, footer,
 * optional Open Graph tags. Features add their navigation entries to NAV_ITEMS (one line each).
 */
import { can, type Auth } from '../services/auth.ts';
import { csrfField } from './forms.ts';
import { html, type SafeHtml } from './html.ts';

export interface Flash {
  kind: 'success' | 'error' | 'info';
  message: string;
}

export interface OpenGraph {
  title: string;
  description?: string;
  /** Absolute URL of a preview image. */
  image?: string;
  /** Absolute URL of the page. */
  url?: string;
  type?: string;
}

export interface LayoutInput {
  title: string;
  auth?: Auth;
  csrfToken?: string;
  body: SafeHtml;
  flash?: Flash | null;
  /** Meta description. */
  description?: string;
  og?: OpenGraph;
  /** Marks the current navigation entry (its href). */
  current?: string;
  /** Extra elements for <head> (JSON-LD blocks, alternate links). */
  head?: SafeHtml;
  /** Ask search engines not to index (private pages). */
  noindex?: boolean;
}

export interface NavItem {
  href: string;
  label: string;
  /** Shown when this returns true for the caller. */
  show: (auth: Auth) => boolean;
  /** Listed under "More", in this group, when the caller has more than MAX_FLAT_NAV entries (always visible when absent). */
  group?: 'Assess' | 'Employers' | 'Organization';
}

/** Up to this many entries are shown in one row; beyond it, grouped entries move under "More". */
export const MAX_FLAT_NAV = 7;

const signedIn = (a: Auth) => Boolean(a.userId);

/** Navigation entries in display order; add yours here. */
/** Issuer-side features (catalog, issuance, assessment, pathways) are not offered to employer organizations. */
const issuerOrg = (a: Auth): boolean => a.organization?.kind !== 'employer';

export const NAV_ITEMS: NavItem[] = [
  { href: '/dashboard', label: 'Dashboard', show: (a) => signedIn(a) && Boolean(a.organizationId) },
  { href: '/author/modules', label: 'Modules', group: 'Assess', show: (a) => signedIn(a) && issuerOrg(a) && can(a, 'assessments:write') },
  { href: '/assess', label: 'Review queue', group: 'Assess', show: (a) => signedIn(a) && issuerOrg(a) && can(a, 'assessments:review') },
  { href: '/learn', label: 'Learn', show: (a) => !a.organizationId },
  { href: '/catalog/micro-credentials', label: 'Micro-credentials', show: (a) => signedIn(a) && issuerOrg(a) && can(a, 'org:read') },
  { href: '/catalog/competencies', label: 'Competencies', show: (a) => signedIn(a) && issuerOrg(a) && can(a, 'org:read') },
  { href: '/issuance/credentials', label: 'Credentials', show: (a) => signedIn(a) && issuerOrg(a) && can(a, 'credentials:read') },
  { href: '/pathways', label: 'Pathways', show: (a) => signedIn(a) && issuerOrg(a) && can(a, 'org:read') },
  { href: '/wallet', label: 'Wallet', show: (a) => signedIn(a) && !a.organizationId },
  { href: '/my/pathways', label: 'My pathways', show: (a) => signedIn(a) && !a.organizationId },
  { href: '/employer', label: 'Employer', show: (a) => signedIn(a) && a.organization?.kind === 'employer' },
  { href: '/endorsements', label: 'Endorsements', group: 'Employers', show: (a) => signedIn(a) && a.organization?.kind === 'issuer' && can(a, 'endorsements:write') },
  { href: '/outreach', label: 'Outreach', group: 'Employers', show: (a) => signedIn(a) && a.organization?.kind === 'issuer' && can(a, 'partners:write') },
  { href: '/analytics', label: 'Analytics', group: 'Employers', show: (a) => signedIn(a) && a.organization?.kind === 'issuer' && can(a, 'analytics:read') },
  { href: '/my/share-views', label: 'Share views', show: (a) => signedIn(a) && !a.organizationId },
  { href: '/org/settings', label: 'Settings', group: 'Organization', show: (a) => can(a, 'org:read') },
  { href: '/verify', label: 'Verify', show: () => true },
];

const navLink = (i: NavItem, current: string | undefined): SafeHtml =>
  html`<a href="${i.href}"${current === i.href ? html` aria-current="page"` : ''}>${i.label}</a>`;

/**
 * The main navigation: every entry the caller may use in one row; with more than MAX_FLAT_NAV, grouped entries
 * go under a "More" disclosure (`<details>`, so it works without JavaScript), listed by group.
 */
function nav(auth: Auth, current: string | undefined): SafeHtml {
  const items = NAV_ITEMS.filter((i) => i.show(auth));
  const folded = items.length > MAX_FLAT_NAV ? items.filter((i) => i.group) : [];
  const primary = folded.length > 1 ? items.filter((i) => !i.group) : items;
  if (primary === items) return html`<ul class="nav-list">${items.map((i) => html`<li>${navLink(i, current)}</li>`)}</ul>`;
  const groups = [...new Set(folded.map((i) => i.group!))];
  const holdsCurrent = folded.some((i) => i.href === current);
  return html`<ul class="nav-list">${primary.map((i) => html`<li>${navLink(i, current)}</li>`)}
<li class="nav-more"><details><summary${holdsCurrent ? html` class="holds-current"` : ''}>More${holdsCurrent ? html`<span class="visually-hidden"> (contains the current page)</span>` : ''}</summary>
<div class="nav-more-panel">${groups.map((g) => html`<div class="nav-group"><p class="nav-group-label" id="nav-group-${g.toLowerCase()}">${g}</p>
<ul aria-labelledby="nav-group-${g.toLowerCase()}">${folded.filter((i) => i.group === g).map((i) => html`<li>${navLink(i, current)}</li>`)}</ul></div>`)}</div>
</details></li></ul>`;
}

function account(auth: Auth, csrfToken: string | undefined): SafeHtml {
  if (!auth.userId) {
    return html`<ul class="nav-list account"><li><a href="/signin">Sign in</a></li><li><a class="button small" href="/signup">Sign up</a></li></ul>`;
  }
  return html`<div class="account">
<a class="who" href="/account">${auth.user?.name ?? 'Your account'}${auth.organization ? html` <span class="org">· ${auth.organization.name}</span>` : ''}</a>
<form method="post" action="/signout" class="inline">${csrfField(csrfToken ?? '')}<button type="submit" class="link">Sign out</button></form></div>`;
}

/** Renders a full HTML page. */
export function layout(input: LayoutInput): SafeHtml {
  const auth = input.auth ?? { scopes: [] };
  const og = input.og;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${input.title} · microcred</title>
${input.description ? html`<meta name="description" content="${input.description}">` : ''}
${input.noindex ? html`<meta name="robots" content="noindex">` : ''}
${og ? html`<meta property="og:title" content="${og.title}">
<meta property="og:type" content="${og.type ?? 'website'}">
${og.description ? html`<meta property="og:description" content="${og.description}">` : ''}
${og.image ? html`<meta property="og:image" content="${og.image}">` : ''}
${og.url ? html`<meta property="og:url" content="${og.url}">` : ''}
<meta name="twitter:card" content="${og.image ? 'summary_large_image' : 'summary'}">` : ''}
<link rel="stylesheet" href="/assets/app.css">
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
${input.head ?? ''}
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
<div class="wrap header-inner">
<a class="brand" href="/">${LOGO}<span>microcred</span></a>
<nav aria-label="Main">${nav(auth, input.current)}</nav>
${account(auth, input.csrfToken)}
</div>
</header>
${auth.userId && auth.user && !auth.user.emailVerified ? html`<div class="wrap"><div class="banner info" role="status">Please confirm your email address: we sent a link to ${auth.user.email ?? 'your address'}.
<form method="post" action="/account/resend-verification">${csrfField(input.csrfToken ?? '')}<button type="submit" class="link">Send the link again</button></form></div></div>` : ''}
<main id="main" tabindex="-1" class="wrap">
${input.flash ? html`<div class="flash ${input.flash.kind}" role="${input.flash.kind === 'error' ? 'alert' : 'status'}">${input.flash.message}</div>` : ''}
${input.body}
</main>
<footer class="site-footer"><div class="wrap">
<p>microcred — open-source micro-credentials (Open Badges 3.0). <a href="/docs">API documentation</a> · <a href="/verify">Verify a credential</a></p>
</div></footer>
</body>
</html>`;
}

const LOGO = html`<svg aria-hidden="true" focusable="false" width="28" height="28" viewBox="0 0 32 32"><circle cx="16" cy="13" r="10" fill="#1d4ed8"/><path d="M11 13l3.5 3.5L21 10" fill="none" stroke="#fff" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"/><path d="M10 21l-3 9 5-2 3 4 1-8M22 21l3 9-5-2-3 4-1-8" fill="#1e3a8a"/></svg>`;
