/** The settings sub-navigation shared by the organization pages. */
import { can, type Auth } from '../../services/auth.ts';
import { html, type SafeHtml } from '../html.ts';

const TABS = [
  { href: '/org/settings', label: 'Profile', action: 'org:read' },
  { href: '/org/keys', label: 'Keys', action: 'org:read' },
  { href: '/org/members', label: 'Members', action: 'org:read' },
  { href: '/org/api-tokens', label: 'API tokens', action: 'tokens:manage' },
  { href: '/org/audit', label: 'Audit log', action: 'audit:read' },
];

/** Tabs for the organization settings pages (only those the caller may open). */
export function orgTabs(auth: Auth, current: string): SafeHtml {
  return html`<nav class="tabs" aria-label="Organization settings"><ul>${TABS.filter((t) => can(auth, t.action)).map((t) =>
    html`<li><a href="${t.href}"${t.href === current ? html` aria-current="page"` : ''}>${t.label}</a></li>`)}</ul></nav>`;
}
