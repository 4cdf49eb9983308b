// The learner key, one script for the chapters' widget, the home page and the summary: 80
// random bits written in Crockford's base32 (no I, L, O, U), 16 characters in four groups of
// four, kept in this browser's localStorage. It carries no name: only the progress API sees it.
const LEARNER_STORAGE = "ecpx-learner";
const LEARNER_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const LEARNER_PATTERN = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

function newLearnerKey() {
  let bits = 0n;
  for (const b of crypto.getRandomValues(new Uint8Array(10))) bits = (bits << 8n) | BigInt(b);
  let key = "";
  for (let i = 0; i < 16; i++) { key = LEARNER_ALPHABET[Number(bits & 31n)] + key; bits >>= 5n; }
  return key.match(/.{4}/g).join("-");
}

function storedLearnerKey() {  // null when none is kept, or storage is refused
  let key = null;
  try { key = localStorage.getItem(LEARNER_STORAGE); } catch (e) { /* storage refused */ }
  return key && LEARNER_PATTERN.test(key) ? key : null;
}

function storeLearnerKey(key) {
  try { localStorage.setItem(LEARNER_STORAGE, key); } catch (e) { /* kept for this page */ }
}

function forgetLearnerKey() {
  try { localStorage.removeItem(LEARNER_STORAGE); } catch (e) { /* nothing kept */ }
}

function learnerKey() {  // the kept key, or a new one drawn and kept on a first visit
  let key = storedLearnerKey();
  if (!key) { key = newLearnerKey(); storeLearnerKey(key); }
  return key;
}
