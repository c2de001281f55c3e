// Alarm tones made with WebAudio: no audio files. Browsers allow sound only after a user gesture, so the context is
// created when the person signs in (or clicks anywhere later).
let context = null;

export function unlockAudio() {
  context ??= new AudioContext();
  if (context.state === 'suspended') context.resume();
}

/** Two short tones for a warning (level 2), three higher ones for an alarm (level 3); nothing for a notice. */
export function soundAlarm(level) {
  if (level < 2) return;
  document.body.dataset.alarmsSounded = String(Number(document.body.dataset.alarmsSounded ?? 0) + 1);
  if (!context) return;
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
}
