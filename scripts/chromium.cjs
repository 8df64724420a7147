// Debian's Chromium as every browser test and bench here launches it:
// Playwright cannot download its own browser on these machines, and the
// flags keep a headless run from reaching out to Google's services
// (see ../shared/TOOLCHAIN.md, "Browser tests").
module.exports = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
