// Material puts each code block's copy button in a <nav>, which makes every
// code block an unnamed navigation landmark (axe-core: landmark-unique). They
// are button groups, not navigation: take them out of the landmark list.
new MutationObserver(() => {
  document.querySelectorAll("nav.md-code__nav:not([role])").forEach(nav => nav.setAttribute("role", "none"));
}).observe(document.documentElement, { childList: true, subtree: true });
