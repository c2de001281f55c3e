namespace EdgeSecurity.Hub.Places;

/// <summary>
/// The administrative and physical levels of China's grid governance, outermost first; a place's parent is always
/// of an earlier level. Communities carry the ids the gateways use in their MQTT topics.
/// </summary>
public enum PlaceLevel { City, County, Street, Community, Grid, Building, Unit, Floor, Room }
