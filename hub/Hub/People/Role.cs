namespace EdgeSecurity.Hub.People;

/// <summary>The jobs people do around a community's incidents (../shared/domain.md); each sees and may do only its part.</summary>
public enum Role
{
    /// <summary>物业监控中心值班员: the 24/7 control room of the property company.</summary>
    PropertyOperator,

    /// <summary>保安: sent to the spot by the control room.</summary>
    Guard,

    /// <summary>网格员: follows up dispatches and care alerts in their grid.</summary>
    GridWorker,

    /// <summary>社区民警: security incidents of their jurisdiction; may view unblurred evidence.</summary>
    CommunityPolice,

    /// <summary>街镇平台值班员: incidents escalated to the street/town.</summary>
    StreetOperator,

    /// <summary>县综治中心值班员: incidents escalated to the county.</summary>
    CountyOperator,

    /// <summary>安装人员: devices and gateways only.</summary>
    Installer,

    Admin,
}
