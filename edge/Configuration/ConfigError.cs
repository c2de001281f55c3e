namespace EdgeSecurity.Configuration;

/// <summary>
/// One problem in a YAML file, printed as <c>file:line:column: path: problem; expected ...</c> so that editors and
/// operators can jump straight to it. Position and path are absent when the file as a whole is at fault.
/// </summary>
public sealed record ConfigError(string File, int? Line, int? Column, string? Path, string Problem, string Expected)
{
    public override string ToString()
    {
        var position = Line is null ? File : $"{File}:{Line}:{Column}";
        var path = Path is null ? "" : $" {Path}:";
        return $"{position}:{path} {Problem}; expected {Expected}";
    }
}
