using System.Text;

namespace EdgeSecurity.Agent.Control;

/// <summary>One line from a control client, or the fact that it was longer than allowed.</summary>
public readonly record struct ControlLine(string Text, bool TooLong);

/// <summary>
/// Splits a client's byte stream into lines of at most <see cref="MaxLineBytes"/> bytes. A longer line is
/// discarded as it arrives, so a client cannot make the agent buffer without limit, and is reported once it ends.
/// </summary>
public sealed class ControlLineReader(Stream stream)
{
    public const int MaxLineBytes = 1024;

    private readonly byte[] _buffer = new byte[4 * MaxLineBytes];
    private int _start;
    private int _end;
    private bool _discarding;

    /// <summary>The next line without its line ending, or null when the client has finished.</summary>
    public async ValueTask<ControlLine?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var line = Take(newline - _start);
                _start = newline + 1;
                return line;
            }
            if (_end - _start > MaxLineBytes)
            {
                _discarding = true;
                _start = _end = 0;
            }
            Compact();
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
                return _end > _start || _discarding ? TakeRest() : null;
            _end += read;
        }
    }

    private ControlLine TakeRest()
    {
        var line = Take(_end - _start);
        _start = _end;
        return line;
    }

    private ControlLine Take(int length)
    {
        if (_discarding || length > MaxLineBytes)
        {
            _discarding = false;
            return new ControlLine("", TooLong: true);
        }
        var text = Encoding.UTF8.GetString(_buffer, _start, length);
        return new ControlLine(text.TrimEnd('\r'), TooLong: false);
    }

    private void Compact()
    {
        if (_start == 0)
            return;
        Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
        _end -= _start;
        _start = 0;
    }
}
