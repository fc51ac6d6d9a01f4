Imports System
Imports System.Reflection
Imports System.Runtime.InteropServices

' General Information about an assembly is controlled through the following
' set of attributes. Change these attribute values to modify the information
' associated with an assembly.

' Review the values of the assembly attributes

<Assembly: AssemblyTitle("InvoiceDesk")>
<Assembly: AssemblyDescription("Invoice entry, scanning and payment gateway upload")>
<Assembly: AssemblyCompany("Contoso Ltd.")>
<Assembly: AssemblyProduct("InvoiceDesk")>
<Assembly: AssemblyCopyright("Copyright © Contoso 2014")>
<Assembly: AssemblyTrademark("")>

<Assembly: ComVisible(False)>

'The following GUID is for the ID of the typelib if this project is exposed to COM
<Assembly: Guid("3f1c2a9e-7b4d-4e21-9a61-0d5e8c2b7f43")>

' Version information for an assembly consists of the following four values:
'
'      Major Version
'      Minor Version
'      Build Number
'      Revision
'
' You can specify all the values or you can default the Build and Revision Numbers
' by using the '*' as shown below:
' <Assembly: AssemblyVersion("1.0.*")>

<Assembly: AssemblyVersion("2.3.0.0")>
<Assembly: AssemblyFileVersion("2.3.0.0")>
