using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeSecurity.Cli.Localization;
using Spectre.Console;

namespace EdgeSecurity.Cli;

/// <summary>
/// Where a command writes: human text (Spectre on stdout, problems on stderr) or, with --json, exactly one JSON
/// document on stdout whatever the outcome, so a script can always parse what it gets.
/// </summary>
public sealed class CliOutput(TextWriter output, TextWriter error, bool json, Messages messages)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public Messages Messages => messages;

    public bool Json => json;

    /// <summary>Human output: tables and lines. Colours only on a terminal, never in a pipe or a test.</summary>
    public IAnsiConsole Console => field ??= CreateConsole(output);

    /// <summary>Progress and live displays, on stderr so that stdout stays the result alone.</summary>
    public IAnsiConsole ProgressConsole => field ??= CreateConsole(error);

    public void Line(string text)
    {
        if (!json)
            output.WriteLine(text);
    }

    public void WriteJson<T>(T document) => output.WriteLine(JsonSerializer.Serialize(document, JsonOptions));

    /// <summary>A listing (<c>device list</c>, <c>zone list</c>): the JSON document with --json, else a line saying there is nothing, else a table of the rows.</summary>
    public int List<TRow>(object document, IReadOnlyList<TRow> rows, string none, string[] columns, Func<TRow, string[]> cells)
    {
        if (json)
        {
            WriteJson(document);
            return ExitCodes.Ok;
        }
        if (rows.Count == 0)
        {
            Line(none);
            return ExitCodes.Ok;
        }
        var table = new Table().AddColumns([.. columns.Select(Markup.Escape)]);
        foreach (var row in rows)
            table.AddRow([.. cells(row).Select(Markup.Escape)]);
        Console.Write(table);
        return ExitCodes.Ok;
    }

    /// <summary>Reports a failure in the chosen language (stderr) and, with --json, as the run's JSON document.</summary>
    public int Fail(int exitCode, string message, IReadOnlyList<string>? details = null)
    {
        error.WriteLine(message);
        foreach (var detail in details ?? [])
            error.WriteLine("  " + detail);
        if (json)
            WriteJson(new FailureDocument(exitCode, message, details));
        return exitCode;
    }

    private static IAnsiConsole CreateConsole(TextWriter writer)
    {
        var target = new AnsiConsoleOutput(writer);
        // Spectre decides on escape codes from TERM alone; a pipe or a log file must get plain text.
        var terminal = target.IsTerminal;
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = target,
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
    }

    private sealed record FailureDocument(int ExitCode, string Error, IReadOnlyList<string>? Details);
}
