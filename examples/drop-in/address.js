// The open server and channel live in the address (#/server/channel), so a reload or a shared
// link opens the same place, and they go into the tab's history: opening another channel adds an
// entry (Back returns to the previous channel, Forward comes back), while the first load and the
// elements' own corrections (an unknown channel falling back to the server's landing view)
// replace the entry they correct instead of adding one the user never chose.

/**
 * Keeps `app`'s `server-id` and `channel-id` attributes and the address in step, both ways.
 * @param {HTMLElement & { invite?: string | null, updateComplete: Promise<boolean> }} app
 */
export function keepPlaceInAddress(app) {
  /** Set while the elements correct a place that did not exist: that change replaces the entry. */
  let correcting = false;

  const fromAddress = () => {
    const [serverId, channelId] = location.hash.replace(/^#\/?/, '').split('/');
    if (serverId) app.setAttribute('server-id', serverId);
    else app.removeAttribute('server-id');
    if (channelId) app.setAttribute('channel-id', channelId);
    else app.removeAttribute('channel-id');
  };

  const toAddress = () => {
    const serverId = app.getAttribute('server-id');
    const channelId = app.getAttribute('channel-id');
    const hash = serverId ? `#/${serverId}${channelId ? `/${channelId}` : ''}` : '';
    // The invite stays in the address while it shows; once accepted (or left), it goes.
    const address = `${location.pathname}${app.invite ? location.search : ''}${hash}`;
    if (address === `${location.pathname}${location.search}${location.hash}`) return;
    if (correcting) history.replaceState(null, '', address);
    else history.pushState(null, '', address);
  };

  // `<chat-app>` follows a `chat-not-found` at once (its attributes change within the same task),
  // so the flag covers exactly the correction and is gone before the user's next choice.
  app.addEventListener('chat-not-found', () => {
    correcting = true;
    setTimeout(() => (correcting = false));
  });
  fromAddress();
  // Back and Forward (popstate), and a link or a typed address that changes only the hash.
  addEventListener('popstate', fromAddress);
  addEventListener('hashchange', fromAddress);
  new MutationObserver(toAddress).observe(app, { attributes: true, attributeFilter: ['server-id', 'channel-id'] });
  // Leaving an invite for Explore changes no attribute (`invite` is not reflected): after the
  // user's clicks, the address is checked once the element has updated.
  app.addEventListener('click', () => void app.updateComplete.then(toAddress));
}
