/** The link that brings someone in with `code`: `base` (the page by default) with `?invite=CODE`. */
export function inviteLink(code: string, base: string | undefined): string {
  const url = new URL(base || location.href, location.href);
  url.searchParams.set('invite', code);
  url.hash = '';
  return url.href;
}
