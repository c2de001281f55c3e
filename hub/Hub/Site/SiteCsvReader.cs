using System.Text;
using EdgeSecurity.Configuration;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.People;
using EdgeSecurity.Hub.Places;

namespace EdgeSecurity.Hub.Site;

public enum SiteCsvKind { Places, Gateways, People }

/// <summary>
/// Reads one kind of site row from CSV (RFC 4180: a header row, commas, double quotes), as spreadsheets export it.
/// Scopes are separated by ';' inside their cell. Every problem is reported with its line and column.
/// </summary>
public static class SiteCsvReader
{
    private static readonly Dictionary<SiteCsvKind, string[]> Columns = new()
    {
        [SiteCsvKind.Places] = ["id", "parent", "level", "name", "code"],
        [SiteCsvKind.Gateways] = ["id", "community"],
        [SiteCsvKind.People] = ["login", "name", "role", "phone", "scopes", "password", "passwordHash"],
    };

    private static readonly HashSet<string> Required = ["id", "level", "name", "community", "login", "role"];

    public static (SiteData? Data, IReadOnlyList<ConfigError> Errors) Read(SiteCsvKind kind, string csv, string fileName)
    {
        var errors = new ConfigErrors(fileName);
        var records = CsvRecords.Parse(csv.TrimStart('\uFEFF'), errors);
        if (records.Count == 0)
        {
            if (!errors.Any)
                errors.AddForFile("the file is empty", $"a header row: {string.Join(',', Columns[kind])}");
            return (null, errors.InFileOrder());
        }

        var header = records[0];
        var known = Columns[kind];
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Cells.Count; i++)
        {
            var name = header.Cells[i].Text.Trim();
            if (!known.Contains(name))
                errors.Add(header.Cells[i].At, null, $"unknown column '{name}'{NameSuggestion.Hint(name, known)}", $"columns from: {string.Join(", ", known)}");
            else if (!index.TryAdd(name, i))
                errors.Add(header.Cells[i].At, null, $"column '{name}' appears twice", "each column once");
        }
        foreach (var missing in known.Where(c => Required.Contains(c) && !index.ContainsKey(c)))
            errors.Add(header.Cells[0].At, null, $"column '{missing}' is missing", $"a header row with: {string.Join(", ", known.Where(Required.Contains))}");
        if (errors.Any)
            return (null, errors.InFileOrder());

        var rows = new RowReader(index, errors);
        var data = kind switch
        {
            SiteCsvKind.Places => SiteData.Empty with { Places = [.. records.Skip(1).Select(r => rows.Place(r)).OfType<PlaceRow>()] },
            SiteCsvKind.Gateways => SiteData.Empty with { Gateways = [.. records.Skip(1).Select(r => rows.Gateway(r)).OfType<GatewayRow>()] },
            _ => SiteData.Empty with { People = [.. records.Skip(1).Select(r => rows.Person(r)).OfType<PersonRow>()] },
        };
        return errors.Any ? (null, errors.InFileOrder()) : (data, []);
    }

    private sealed class RowReader(Dictionary<string, int> index, ConfigErrors errors)
    {
        public PlaceRow? Place(CsvRecord r)
        {
            var id = Id(r, "id", required: true);
            var parent = Id(r, "parent", required: false);
            var level = Choice<PlaceLevel>(r, "level");
            var name = Text(r, "name", required: true, SiteYamlReader.MaxNameLength);
            var code = Text(r, "code", required: false, SiteYamlReader.MaxCodeLength);
            return id is null || level is null || name is null ? null : new PlaceRow(r.Line, id, parent, level.Value, name, code);
        }

        public GatewayRow? Gateway(CsvRecord r)
        {
            var id = Id(r, "id", required: true);
            var community = Id(r, "community", required: true);
            return id is null || community is null ? null : new GatewayRow(r.Line, id, community);
        }

        public PersonRow? Person(CsvRecord r)
        {
            var login = Id(r, "login", required: true);
            var name = Text(r, "name", required: true, SiteYamlReader.MaxNameLength);
            var role = Choice<Role>(r, "role");
            var phone = Text(r, "phone", required: false, SiteYamlReader.MaxPhoneLength);
            var scopes = (Text(r, "scopes", required: false, 4096) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var bad in scopes.Where(s => !Identifiers.IsValid(s)))
                Report(r, "scopes", $"'{bad}' is not a valid place id", Identifiers.Rule);
            var password = Text(r, "password", required: false, SiteYamlReader.MaxPasswordLength);
            var hash = Text(r, "passwordHash", required: false, SiteYamlReader.MaxPasswordLength);
            return login is null || name is null || role is null ? null : new PersonRow(r.Line, login, name, role.Value, phone, scopes, password, hash);
        }

        private string? Cell(CsvRecord r, string column) =>
            index.TryGetValue(column, out var i) && i < r.Cells.Count && r.Cells[i].Text.Trim() is { Length: > 0 } text ? text : null;

        private void Report(CsvRecord r, string column, string problem, string expected)
        {
            var at = index.TryGetValue(column, out var i) && i < r.Cells.Count ? r.Cells[i].At : r.Cells[0].At;
            errors.Add(at, column, problem, expected);
        }

        private string? Id(CsvRecord r, string column, bool required)
        {
            var text = Cell(r, column);
            if (text is null && required)
                Report(r, column, "is empty", Identifiers.Rule);
            if (text is null || Identifiers.IsValid(text))
                return text;
            Report(r, column, $"'{text}' is not a valid id", Identifiers.Rule);
            return null;
        }

        private string? Text(CsvRecord r, string column, bool required, int maxLength)
        {
            var text = Cell(r, column);
            if (text is null && required)
                Report(r, column, "is empty", $"text of 1 to {maxLength} characters");
            if (text is null || text.Length <= maxLength)
                return text;
            Report(r, column, $"text of {text.Length} characters is too long", $"text of 1 to {maxLength} characters");
            return null;
        }

        private TEnum? Choice<TEnum>(CsvRecord r, string column) where TEnum : struct, Enum
        {
            var text = Cell(r, column);
            if (text is not null && ApiNames.TryParse<TEnum>(text, out var value))
                return value;
            Report(r, column, text is null ? "is empty" : $"'{text}' is not valid{NameSuggestion.Hint(text, Enum.GetValues<TEnum>().Select(v => ApiNames.Of(v)))}", $"one of {ApiNames.Choices<TEnum>()}");
            return null;
        }
    }
}

internal sealed record CsvCell(string Text, YamlDotNet.Core.Mark At);

internal sealed record CsvRecord(int Line, IReadOnlyList<CsvCell> Cells);

/// <summary>RFC 4180 records; a quoted cell may hold commas, doubled quotes and line breaks. Blank lines are skipped.</summary>
internal static class CsvRecords
{
    public static List<CsvRecord> Parse(string text, ConfigErrors errors)
    {
        var records = new List<CsvRecord>();
        var cells = new List<CsvCell>();
        var cell = new StringBuilder();
        int line = 1, column = 1, recordLine = 1, cellLine = 1, cellColumn = 1;
        var quoted = false;
        var i = 0;

        void EndCell()
        {
            cells.Add(new CsvCell(cell.ToString(), new YamlDotNet.Core.Mark(0, cellLine, cellColumn)));
            cell.Clear();
        }

        void EndRecord()
        {
            EndCell();
            if (cells.Count > 1 || cells[0].Text.Length > 0)
                records.Add(new CsvRecord(recordLine, [.. cells]));
            cells.Clear();
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i += 2;
                    column += 2;
                    continue;
                }
                if (c == '"')
                    quoted = false;
                else
                    cell.Append(c);
            }
            else if (c == '"' && cell.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                EndCell();
                cellLine = line;
                cellColumn = column + 1;
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    i++;
                EndRecord();
                line++;
                column = 0;
                recordLine = cellLine = line;
                cellColumn = 1;
            }
            else
            {
                cell.Append(c);
            }
            if (c == '\n' && quoted)
            {
                line++;
                column = 0;
            }
            i++;
            column++;
        }
        if (quoted)
            errors.Add(new YamlDotNet.Core.Mark(0, cellLine, cellColumn), null, "a quoted cell is never closed", "a closing double quote");
        else if (cell.Length > 0 || cells.Count > 0)
            EndRecord();
        return records;
    }
}
