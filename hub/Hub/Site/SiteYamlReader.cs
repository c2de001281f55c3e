using EdgeSecurity.Configuration;
using EdgeSecurity.Hub.People;
using EdgeSecurity.Hub.Places;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EdgeSecurity.Hub.Site;

/// <summary>
/// Reads a site file (places, gateways, people) in YAML; every problem is collected with its line, so a file with
/// errors is reported whole and imports nothing.
/// </summary>
public static class SiteYamlReader
{
    public const int MaxNameLength = 100;
    public const int MaxCodeLength = 32;
    public const int MaxPhoneLength = 32;
    public const int MaxPasswordLength = 256;

    public static (SiteData? Data, IReadOnlyList<ConfigError> Errors) Read(string yaml, string fileName)
    {
        var errors = new ConfigErrors(fileName);
        if (YamlText.Load(yaml, errors, "well-formed YAML") is not { } stream)
            return (null, errors.InFileOrder());
        if (stream.Documents.Count != 1)
        {
            errors.AddForFile(stream.Documents.Count == 0 ? "the file is empty" : "more than one YAML document", "one mapping with the keys places, gateways and people");
            return (null, errors.InFileOrder());
        }

        var root = SiteYamlMapping.Of(stream.Documents[0].RootNode, "", errors, "a mapping with the keys places, gateways and people");
        var places = root.Items("places", "a list of places").Select(ReadPlace).OfType<PlaceRow>().ToList();
        var gateways = root.Items("gateways", "a list of gateways").Select(ReadGateway).OfType<GatewayRow>().ToList();
        var people = root.Items("people", "a list of people").Select(ReadPerson).OfType<PersonRow>().ToList();
        root.ReportUnknownKeys();
        return errors.Any ? (null, errors.InFileOrder()) : (new SiteData(places, gateways, people), []);
    }

    private static PlaceRow? ReadPlace(SiteYamlMapping m)
    {
        var id = m.Id("id", required: true, "the place id");
        var parent = m.Id("parent", required: false, "the id of the place it lies in");
        var level = m.Choice<PlaceLevel>("level");
        var name = m.Text("name", MaxNameLength, required: true, "the place's name");
        var code = m.Text("code", MaxCodeLength, required: false, "the official code (division or grid code)");
        m.ReportUnknownKeys();
        return id is null || level is null || name is null ? null : new PlaceRow(m.Line, id, parent, level.Value, name, code);
    }

    private static GatewayRow? ReadGateway(SiteYamlMapping m)
    {
        var id = m.Id("id", required: true, "the gateway id");
        var community = m.Id("community", required: true, "the id of the community place it serves");
        m.ReportUnknownKeys();
        return id is null || community is null ? null : new GatewayRow(m.Line, id, community);
    }

    private static PersonRow? ReadPerson(SiteYamlMapping m)
    {
        var login = m.Id("login", required: true, "the login name");
        var name = m.Text("name", MaxNameLength, required: true, "the person's name");
        var role = m.Choice<Role>("role");
        var phone = m.Text("phone", MaxPhoneLength, required: false, "a phone number");
        var scopes = m.Ids("scopes", "place ids");
        var password = m.Text("password", MaxPasswordLength, required: false, "an initial password");
        var hash = m.Text("passwordHash", MaxPasswordLength, required: false, "a password hash");
        m.ReportUnknownKeys();
        return login is null || name is null || role is null ? null : new PersonRow(m.Line, login, name, role.Value, phone, scopes, password, hash);
    }
}
