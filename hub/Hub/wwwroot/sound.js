// Alarm tones made with WebAudio: no audio files. Browsers allow sound only after a user gesture, so the context is
// created when the person signs in (or clicks anywhere later). Between alarms it is suspended: a running context keeps
// an audio thread busy, which several dashboards on one control-room PC would pay for all day.
let context = null;
let suspendTimer = null;

export function unlockAudio() {
  if (context) return;
  context = new AudioContext();
  context.resume().then(() => context.suspend());
}

/** Two short tones for a warning (level 2), three higher ones for an alarm (level 3); nothing for a notice. */
export async function soundAlarm(level) {
  if (level < 2) return;
  document.body.dataset.alarmsSounded = String(Number(document.body.dataset.alarmsSounded ?? 0) + 1);
  if (!context) return;
  clearTimeout(suspendTimer);
  await context.resume();
  const beeps = level >= 3 ? 3 : 2;
  const frequency = level >= 3 ? 988 : 660;
  const start = context.currentTime;
  for (let i = 0; i < beeps; i++) {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'square';
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + i * 0.3);
    gain.gain.exponentialRampToValueAtTime(0.2, start + i * 0.3 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.3 + 0.2);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(start + i * 0.3);
    oscillator.stop(start + i * 0.3 + 0.22);
  }
  suspendTimer = setTimeout(() => context.suspend(), beeps * 300 + 200);
}
