namespace EdgeSecurity.Hub.Places;

/// <summary>
/// Who owns an incident in the closed loop: the community's property company and police first, then the street/town
/// platform (街镇), then the county centre (县综治中心). Each tier is the place level of the same name.
/// </summary>
public enum EscalationTier { Community = 1, Street = 2, County = 3 }
