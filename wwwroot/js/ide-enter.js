// The portal's "Open IDE" hand-over: posts the IDE ticket to the IDE host at once, so the button needs no second click.
// Not when the page is reached with Back from the IDE: it would send the person straight back into the IDE.
const navigation = performance.getEntriesByType("navigation")[0];
if (navigation?.type !== "back_forward") {
  document.getElementById("ide-enter")?.submit();
}
