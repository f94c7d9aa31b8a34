using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace ZlhPortal.Web.Features.Billing;

public enum AdminRefusal
{
    None = 0,

    /// <summary>The input is wrong (no reason, a bad amount, an unknown customer).</summary>
    Invalid = 1,

    NotFound = 2,

    /// <summary>The invoice's state does not allow it (already paid, void, credited in full…).</summary>
    Conflict = 3,
}
