using System.Globalization;
using EdgeSecurity.Agent.Commissioning;
using Spectre.Console;

namespace EdgeSecurity.Cli.Commissioning;

/// <summary>
/// The walk test's checklist as the installer sees it: a live table on a terminal, one line per device as it fires in
/// a pipe or a log, nothing with --json (which gets one document at the end).
/// </summary>
internal abstract class WalkDisplay
{
    public static WalkDisplay For(CliOutput output, WalkTestState state)
    {
        if (output.Json)
            return new Silent();
        if (output.Console.Profile.Capabilities.Interactive)
            return new LiveTable(output, state);
        return new Lines(output, state);
    }

    public abstract Task<T> RunAsync<T>(Func<Task<T>> follow);

    public abstract void Show(WalkTestState state);

    private sealed class Silent : WalkDisplay
    {
        public override Task<T> RunAsync<T>(Func<Task<T>> follow) => follow();

        public override void Show(WalkTestState state)
        {
        }
    }

    private sealed class Lines(CliOutput output, WalkTestState first) : WalkDisplay
    {
        private readonly HashSet<string> _shown = new(StringComparer.Ordinal);

        public override Task<T> RunAsync<T>(Func<Task<T>> follow)
        {
            output.Line(output.Messages.WalkStarted(first.Devices.Count, first.Summary?.Until));
            Show(first);
            return follow();
        }

        public override void Show(WalkTestState state)
        {
            foreach (var device in state.Devices.Where(d => d.FiredAt is not null && _shown.Add(d.Id)))
                output.Line(output.Messages.WalkDeviceFired(device.FiredAt!.Value, device.Id, output.Messages.Firing(device.What)));
        }
    }

    private sealed class LiveTable(CliOutput output, WalkTestState first) : WalkDisplay
    {
        private LiveDisplayContext? _context;
        private Table _table = new();

        public override async Task<T> RunAsync<T>(Func<Task<T>> follow)
        {
            output.Line(output.Messages.WalkStarted(first.Devices.Count, first.Summary?.Until));
            _table = Render(first);
            var result = default(T)!;
            await output.Console.Live(_table).StartAsync(async context =>
            {
                _context = context;
                result = await follow().ConfigureAwait(false);
            }).ConfigureAwait(false);
            return result;
        }

        public override void Show(WalkTestState state)
        {
            if (_context is null)
                return;
            _context.UpdateTarget(Render(state));
        }

        private Table Render(WalkTestState state)
        {
            var messages = output.Messages;
            var table = new Table().AddColumns(messages.Device, messages.Kind, messages.Fired, messages.FiredAt);
            foreach (var device in state.Devices)
            {
                var fired = device.FiredAt is { } at;
                table.AddRow(
                    Markup.Escape(device.Name is null ? device.Id : $"{device.Id} ({device.Name})"),
                    Markup.Escape(messages.KindName(device.Kind)),
                    fired ? $"[green]✔ {Markup.Escape(messages.Firing(device.What))}[/]" : $"[grey]{Markup.Escape(messages.WalkWaiting)}[/]",
                    fired ? device.FiredAt!.Value.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "");
            }
            table.Caption(Markup.Escape(messages.WalkProgress(state.Devices.Count(d => d.FiredAt is not null), state.Devices.Count)));
            return table;
        }
    }
}
