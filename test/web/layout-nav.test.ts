/** The header navigation: flat for small roles, grouped under a <details> "More" for large ones; every entry stays reachable. */
import { describe, expect, it } from 'vitest';
import type { Auth } from '../../src/services/auth.ts';
import { html } from '../../src/web/html.ts';
import { layout, MAX_FLAT_NAV, NAV_ITEMS } from '../../src/web/layout.ts';

const render = (auth: Auth, current?: string) => layout({ title: 'T', auth, body: html`<p>x</p>`, ...(current ? { current } : {}) }).value;
const navOf = (page: string) => /<nav aria-label="Main">([\s\S]*?)<\/nav>/.exec(page)![1]!;
const org = { id: 'o1', slug: 'o', name: 'Org', kind: 'issuer' as const };

describe('main navigation', () => {
  it('shows an owner every entry, the grouped ones inside one <details> by group', () => {
    const auth: Auth = { userId: 'u1', organizationId: 'o1', role: 'owner', scopes: [], organization: org };
    const nav = navOf(render(auth));
    const visible = NAV_ITEMS.filter((i) => i.show(auth));
    expect(visible.length).toBeGreaterThan(MAX_FLAT_NAV);
    for (const i of visible) expect(nav).toContain(`href="${i.href}"`);
    const details = /<details>([\s\S]*?)<\/details>/.exec(nav)![1]!;
    expect(details).toContain('<summary>More</summary>');
    for (const i of visible) expect(details.includes(`href="${i.href}"`)).toBe(Boolean(i.group));
    expect(details).toMatch(/Assess<\/p>[\s\S]*Employers<\/p>[\s\S]*Organization<\/p>/);
  });

  it('marks the current page inside "More" on the link and, for sighted and screen-reader users, on the summary', () => {
    const auth: Auth = { userId: 'u1', organizationId: 'o1', role: 'owner', scopes: [], organization: org };
    const nav = navOf(render(auth, '/org/settings'));
    expect(nav).toContain('<a href="/org/settings" aria-current="page">Settings</a>');
    expect(nav).toContain('<summary class="holds-current">More<span class="visually-hidden"> (contains the current page)</span></summary>');
  });

  it('keeps a learner and a visitor flat', () => {
    expect(navOf(render({ userId: 'u2', scopes: [] }))).not.toContain('<details>');
    const visitor = navOf(render({ scopes: [] }));
    expect(visitor).not.toContain('<details>');
    expect(visitor).toContain('href="/verify"');
  });

  it('offers an employer organization its own entries, not the issuer-side ones', () => {
    const employer = { id: 'e1', slug: 'e', name: 'Employer', kind: 'employer' as const };
    const auth: Auth = { userId: 'u3', organizationId: 'e1', role: 'owner', scopes: [], organization: employer };
    const nav = navOf(render(auth));
    expect(nav).toContain('href="/employer"');
    expect(nav).toContain('href="/verify"');
    for (const href of ['/catalog/micro-credentials', '/catalog/competencies', '/issuance/credentials', '/pathways', '/author/modules', '/assess']) {
      expect(nav).not.toContain(`href="${href}"`);
    }
  });
});
