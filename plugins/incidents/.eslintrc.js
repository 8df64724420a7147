module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  // A component folder's index.ts is its face: no source file reaches past it
  // into another folder (`../IncidentView/IncidentTimeline`). What a second
  // folder needs gets a folder of its own. Tests may reach in.
  restrictedImportPatterns: ['../[A-Za-z]*/*', './components/[A-Za-z]*/*'],
});
