export function render(session, theme) {
  return `<main class="${theme}">${session ?? "welcome"}</main>`;
}
