/** The award email a learner receives: verification code, verify link and claim link. */
import type { MailMessage } from './mailer.ts';

export interface AwardEmailInput {
  to: string;
  recipientName: string | null;
  achievementName: string;
  issuerName: string;
  verificationCode: string;
  verifyUrl: string;
  claimUrl: string;
  validUntil: string | null;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Builds the award email (plain text and HTML). */
export function awardEmail(i: AwardEmailInput): MailMessage {
  const hello = i.recipientName ? `Hello ${i.recipientName},` : 'Hello,';
  const expiry = i.validUntil ? `\nIt is valid until ${i.validUntil.slice(0, 10)}.` : '';
  const text = [
    hello, '',
    `${i.issuerName} has awarded you the credential "${i.achievementName}".${expiry}`, '',
    `Add it to your wallet (sign in or create an account):`, i.claimUrl, '',
    `Anyone can check it with this verification code: ${i.verificationCode}`, i.verifyUrl, '',
    'The credential is an Open Badges 3.0 verifiable credential: you can download it, share it and keep it for life.',
  ].join('\n');
  const html = `<p>${esc(hello)}</p>
<p>${esc(i.issuerName)} has awarded you the credential <strong>${esc(i.achievementName)}</strong>.${i.validUntil ? ` It is valid until ${esc(i.validUntil.slice(0, 10))}.` : ''}</p>
<p><a href="${esc(i.claimUrl)}">Add it to your wallet</a> (sign in or create an account).</p>
<p>Verification code: <strong style="font-family:monospace;font-size:1.2em">${esc(i.verificationCode)}</strong><br>
<a href="${esc(i.verifyUrl)}">${esc(i.verifyUrl)}</a></p>
<p>The credential is an Open Badges 3.0 verifiable credential: you can download it, share it and keep it for life.</p>`;
  return { to: i.to, subject: `You have earned "${i.achievementName}"`, text, html, kind: 'credential_awarded' };
}
