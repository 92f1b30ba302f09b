// The page's theme toggle. Until the user presses it, the page and the elements follow the
// system's light or dark; once pressed, the choice is kept in localStorage (every tab of the site
// shares it) and given to the page (`<html data-theme>`, read by drop-in.css) and to `<chat-app>`
// (its `theme` attribute, which it hands to every element inside it).

const STORAGE_KEY = 'hearth-theme';
const systemPrefersDark = matchMedia('(prefers-color-scheme: dark)');

/** The theme the user chose, if they chose one. */
function chosenTheme() {
  const saved = localStorage.getItem(STORAGE_KEY);
  return saved === 'light' || saved === 'dark' ? saved : undefined;
}

/**
 * Makes `button` (an `aria-pressed` toggle labelled "Dark theme") switch the page and `app`
 * between light and dark.
 * @param {HTMLButtonElement} button
 * @param {HTMLElement} app
 */
export function followThemeToggle(button, app) {
  const apply = () => {
    const chosen = chosenTheme();
    if (chosen) {
      document.documentElement.dataset.theme = chosen;
      app.setAttribute('theme', chosen);
    } else {
      delete document.documentElement.dataset.theme;
      app.removeAttribute('theme');
    }
    const dark = chosen ? chosen === 'dark' : systemPrefersDark.matches;
    button.setAttribute('aria-pressed', String(dark));
  };
  button.addEventListener('click', () => {
    localStorage.setItem(STORAGE_KEY, button.getAttribute('aria-pressed') === 'true' ? 'light' : 'dark');
    apply();
  });
  // Until the user chooses, the toggle tells the truth about the system's scheme as it changes.
  systemPrefersDark.addEventListener('change', apply);
  // A choice made in another tab of the site shows here too.
  addEventListener('storage', (event) => {
    if (event.key === STORAGE_KEY) apply();
  });
  apply();
}
