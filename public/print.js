// The certificate's "Print" button (views/certificate.tsx). A file, not inline script: the
// Content-Security-Policy allows scripts from our own origin only.
for (const button of document.querySelectorAll('[data-print]')) {
  button.addEventListener('click', () => window.print());
  button.hidden = false;
}
