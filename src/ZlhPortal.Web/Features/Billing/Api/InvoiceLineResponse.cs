using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Billing.Tax;

namespace ZlhPortal.Web.Features.Billing.Api;

public sealed record InvoiceLineResponse(string Description, long Net, decimal TaxRate, long Tax, long Total);
